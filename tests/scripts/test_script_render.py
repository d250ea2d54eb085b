"""Rendering script words: variables filled in, every value escaped, nothing evaluated twice."""

import pytest
from markupsafe import Markup

from console.domain.scripts import TEMPLATE_VARIABLES
from console.script_files import load_library
from console.script_render import render, template_problems, template_variables

LEAD = {"first_name": "Ana", "last_name": "Ruiz", "company": "Acme", "title": "COO"}
AGENT = {"first_name": "Sam", "name": "Sam Lee"}
CAMPAIGN = {"name": "Inbound demo requests"}
HOSTILE = [
    "<script>alert(1)</script>",
    "{{ config }}",
    "{{ lead.__class__.__mro__ }}",
    "{% for x in range(9) %}x{% endfor %}",
    '" onmouseover="alert(1)',
]


def test_variables_are_filled_in_from_the_lead_agent_and_campaign():
    text = "Hi {{ lead.first_name }} at {{ lead.company }}, {{ agent.first_name }} for "
    text += "{{ campaign.name }}"
    words = render(text, LEAD, AGENT, CAMPAIGN)
    assert isinstance(words, Markup)
    assert words == "Hi Ana at Acme, Sam for Inbound demo requests"


@pytest.mark.parametrize("missing", [{}, {"first_name": None}, {"first_name": ""}])
def test_a_missing_value_renders_as_empty_text_or_its_default(missing):
    assert render("Hi {{ lead.first_name }}!", missing, AGENT, CAMPAIGN) == "Hi !"
    assert render("Hi {{ lead.first_name|default('there') }}!", missing, {}, {}) == "Hi there!"


@pytest.mark.parametrize("name", HOSTILE)
def test_lead_data_is_escaped_and_never_read_as_a_template(name):
    words = render(
        "Hi {{ lead.first_name }}, {{ lead.company|upper }}",
        {"first_name": name, "company": name},
        AGENT,
        CAMPAIGN,
    )
    assert "<" not in words and '"' not in words
    assert str(Markup.escape(name)) in words
    assert "Undefined" not in words and "Config" not in words


def test_the_scripts_own_words_are_plain_text_too():
    assert (
        render("Ask about <budget> & timing", LEAD, AGENT, CAMPAIGN)
        == "Ask about &lt;budget&gt; &amp; timing"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{{ lead.__class__ }}",
        "{{ lead.first_name.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lead.first_name|attr('__class__') }}",
        "{{ config }}",
        "{{ self }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ range(10**9) }}",
    ],
)
def test_reaching_for_python_internals_is_rejected_and_renders_nothing_dangerous(text):
    assert template_problems(text)
    words = render(text, LEAD, AGENT, CAMPAIGN)
    # Python objects print as <class ...> or <function ...>; none may reach the page.
    assert "<" not in words and "&lt;" not in words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hi {{ lead.compnay }}", "did you mean lead.company"),
        ("Hi {{ lead.first_name }", "do not parse"),
        ("{% if lead.title %}Hi{% endif %}", "tags such as"),
        ("{{ lead.first_name ~ lead.last_name }}", "only variables"),
        ("{{ lead.first_name|truncate(3) }}", "filter |truncate"),
    ],
)
def test_template_problems_say_what_to_fix(text, words):
    problems = template_problems(text)
    assert problems and words in problems[0].message


def test_a_template_problem_knows_its_line_within_the_text():
    assert template_problems("Hi\nthere\n{{ agent.nme }}")[0].line == 3


def test_template_variables_lists_the_dotted_names_used():
    text = "{{ lead.first_name|default('x') }} {{ lead['company'] }} {{ agent.name }} {{ nope }}"
    assert template_variables(text) == {"lead.first_name", "lead.company", "agent.name", "nope"}


def test_every_allowed_variable_passes_the_check():
    text = " ".join(f"{{{{ {name} }}}}" for name in sorted(TEMPLATE_VARIABLES))
    assert template_problems(text) == []


@pytest.mark.parametrize("script_id", ["inbound-demo-requests", "webinar-followup"])
def test_every_shipped_step_renders_for_a_hostile_lead(script_id):
    lead = dict.fromkeys(("first_name", "last_name", "company", "title", "city"), HOSTILE[0])
    for step in load_library().latest(script_id).steps:
        words = render(step.say, lead, AGENT, CAMPAIGN)
        assert "{{" not in words and "<script>" not in words, step.id
