"""Each campaign's handoff rule: proposed with its replay, agreed by sales, audited, its history.

A change is proposed by an admin or a team lead with the replay of the proposed rule over the
last 90 days, and takes effect only when a sales rep on the campaign (or an admin other than the
proposer) agrees: sales and marketing agree the definition together. Both names and the replay
stay in the rule's history. Outcomes keep the rule that judged them, so past decisions stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from console import clock
from console.contract.rules import HandoffRuleForm
from console.domain.handoff import HandoffRule, RuleInvalid
from console.domain.roles import Role
from console.errors import Forbidden, Invalid, NotFound
from console.models import AuditEntry, Campaign, User
from console.services import campaign_audit
from console.services.campaign_people import members_of
from console.services.campaigns import all_campaigns, rule_of

ACTION = "handoff_rule.update"
PROPOSED = "handoff_rule.propose"
AGREED = "handoff_rule.agree"
PROPOSERS = (Role.ADMIN, Role.LEAD)
# What the history keeps of a proposal's replay (the gained and lost calls stay in the database).
REPLAY_KEPT = ("from", "to", "outcomes", "changed", "recorded_handoffs", "recorded_acceptance",
               "handoffs", "expected_acceptance", "estimated")  # fmt: skip


def rules(*, session: Session, viewer: User | None = None) -> list[tuple[Campaign, HandoffRule]]:
    """Every campaign with its handoff rule, by name (a sales rep's own campaigns only)."""
    found = all_campaigns(session=session)
    if viewer is not None and viewer.role not in PROPOSERS:
        found = [c for c in found if viewer.id in members_of(session=session, campaign=c)]
    return [(campaign, rule_of(campaign)) for campaign in found]


def checked(rule: HandoffRuleForm, message: str = "The handoff rule was not saved.") -> HandoffRule:
    """The domain's rule from the form; Invalid names each field to fix."""
    try:
        return HandoffRule.from_dict(rule.stored())
    except RuleInvalid as problem:
        raise Invalid(message, fields=problem.fields) from None


def _apply(
    session: Session, campaign: Campaign, agreed: HandoffRule, actor: User
) -> AuditEntry | None:
    """The rule put in force with its history entry; None when nothing changes."""
    before, after = dict(campaign.handoff_rule or {}), agreed.to_dict()
    if before == after:
        return None
    campaign.handoff_rule = after
    session.add(campaign)
    return campaign_audit.record(session, actor, campaign, ACTION, before, after)


def update_rule(
    *, session: Session, campaign: Campaign, rule: HandoffRuleForm, actor: User
) -> HandoffRule:
    """Replace a campaign's rule at once, audited (the lab and setup scripts; people propose)."""
    agreed = checked(rule)
    if _apply(session, campaign, agreed, actor):
        session.commit()
    return agreed


@dataclass(frozen=True)
class Proposal:
    """A proposed rule waiting for sales' agreement."""

    id: int
    rule: dict[str, Any]
    replay: dict[str, Any]
    proposed_by: str
    proposed_by_id: int | None
    at: Any


def propose(
    *,
    session: Session,
    campaign: Campaign,
    rule: HandoffRuleForm,
    actor: User,
    replay: dict[str, Any],
) -> Proposal:
    """Record a proposed rule with its replay; it waits for sales. A newer proposal replaces it."""
    if actor.role not in PROPOSERS:
        raise Forbidden("Only an admin or a team lead proposes a change to the handoff rule.")
    proposed = checked(rule, "The change was not proposed.").to_dict()
    if proposed == dict(campaign.handoff_rule or {}):
        raise Invalid("The change was not proposed.", fields={"rule": "it is the rule in force"})
    kept = {key: replay.get(key) for key in REPLAY_KEPT}
    kept |= {"gained": len(replay.get("gained", [])), "lost": len(replay.get("lost", []))}
    after = {"rule": proposed, "replay": kept, "proposed_by": actor.name}
    before = dict(campaign.handoff_rule or {})
    campaign_audit.record(session, actor, campaign, PROPOSED, before, after)
    session.commit()
    return pending(session=session, campaign=campaign)


def pending(*, session: Session, campaign: Campaign) -> Proposal | None:
    """The newest proposal nobody has agreed to yet, or None."""
    proposals = campaign_audit.entries(session, campaign, PROPOSED)
    if not proposals:
        return None
    entry, who = proposals[0]
    agreed = {
        e.after.get("proposal_id") for e, _ in campaign_audit.entries(session, campaign, AGREED)
    }
    if entry.id in agreed:
        return None
    after = entry.after or {}
    return Proposal(entry.id, after["rule"], after["replay"], who, entry.actor_id, entry.at)


def may_agree(*, session: Session, campaign: Campaign, proposal: Proposal, viewer: User) -> bool:
    """Sales' side agrees: a sales rep on the campaign, or an admin who did not propose it."""
    if viewer.role is Role.SALES:
        return viewer.id in members_of(session=session, campaign=campaign)
    return viewer.role is Role.ADMIN and viewer.id != proposal.proposed_by_id


def agree(*, session: Session, campaign: Campaign, proposal_id: int, actor: User) -> HandoffRule:
    """Put the pending proposal in force; both names and its replay go into the rule's history."""
    proposal = pending(session=session, campaign=campaign)
    if proposal is None or proposal.id != proposal_id:
        raise NotFound("That proposal is no longer waiting: it was agreed or replaced.")
    if not may_agree(session=session, campaign=campaign, proposal=proposal, viewer=actor):
        raise Forbidden(
            "A sales rep on this campaign (or an admin who did not propose it) agrees a change."
        )
    rule = HandoffRule.from_dict(proposal.rule)
    before = dict(campaign.handoff_rule or {})
    change = _apply(session, campaign, rule, actor)
    session.flush()
    after = {
        "proposal_id": proposal.id,
        "change_id": change.id if change else None,
        "rule": proposal.rule,
        "replay": proposal.replay,
        "proposed_by": proposal.proposed_by,
        "agreed_by": actor.name,
        "proposed_at": proposal.at.isoformat(),
        "agreed_at": clock.now().isoformat(),
    }
    campaign_audit.record(session, actor, campaign, AGREED, before, after)
    session.commit()
    return rule


def rule_history(*, session: Session, campaign: Campaign) -> list[tuple[AuditEntry, str]]:
    """Every change to the campaign's rule, newest first, with who made it."""
    return campaign_audit.entries(session, campaign, ACTION)


def agreements(*, session: Session, campaign: Campaign) -> dict[int, dict[str, Any]]:
    """Each agreed change's names and replay, by the id of its entry in the rule's history."""
    return {
        (entry.after or {}).get("change_id"): entry.after or {}
        for entry, _ in campaign_audit.entries(session, campaign, AGREED)
    }
