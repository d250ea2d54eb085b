"""Each campaign's handoff rule as the admin edits it: saved (audited) and its history."""

from __future__ import annotations

from sqlmodel import Session

from console.contract.rules import HandoffRuleForm
from console.domain.handoff import HandoffRule, RuleInvalid
from console.errors import Invalid
from console.models import AuditEntry, Campaign, User
from console.services import campaign_audit
from console.services.campaigns import all_campaigns, rule_of

ACTION = "handoff_rule.update"


def rules(*, session: Session) -> list[tuple[Campaign, HandoffRule]]:
    """Every campaign with its handoff rule, by name."""
    return [(campaign, rule_of(campaign)) for campaign in all_campaigns(session=session)]


def update_rule(
    *, session: Session, campaign: Campaign, rule: HandoffRuleForm, actor: User
) -> HandoffRule:
    """Replace a campaign's handoff rule, audited; past outcomes keep the rule that judged them."""
    try:
        agreed = HandoffRule.from_dict(rule.stored())
    except RuleInvalid as problem:
        raise Invalid("The handoff rule was not saved.", fields=problem.fields) from None
    before, after = dict(campaign.handoff_rule or {}), agreed.to_dict()
    if before == after:
        return agreed
    campaign.handoff_rule = after
    session.add(campaign)
    campaign_audit.record(session, actor, campaign, ACTION, before, after)
    session.commit()
    return agreed


def rule_history(*, session: Session, campaign: Campaign) -> list[tuple[AuditEntry, str]]:
    """Every change to the campaign's rule, newest first, with who made it."""
    return campaign_audit.entries(session, campaign, ACTION)
