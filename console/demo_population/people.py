"""Who fills in the forms: names by country and job titles by buying authority."""

from __future__ import annotations

import random
import unicodedata


def _names(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "US": _names(
        "James Maria Aisha Wei Tyler Jasmine Carlos Emily DeShawn Megan Luis Hannah Kevin "
        "Sofia Brandon Nicole Andre Rachel Minh Courtney Jorge Lauren Darnell Ashley Ethan "
        "Priyanka Marcus Brittany Samuel Kayla Omar Jennifer Hector Grace Trevor Mei Malik "
        "Olivia Dustin Camila"
    ),
    "GB": _names(
        "Oliver Amelia Harry Isla George Poppy Jack Freya Rhys Imogen Callum Eilidh Fraser "
        "Siobhán Mohammed Zoë Alfie Niamh Rory Charlotte Kwame Harriet Ewan Lucy Tomasz Ruby "
        "Nathan Ffion Arjun Sophie Hamish Chloe Owen Phoebe"
    ),
    "IN": _names(
        "Aarav Priya Rohan Ananya Vikram Sneha Arjun Kavya Rahul Divya Siddharth Pooja "
        "Karthik Meera Aditya Shreya Nikhil Lakshmi Varun Neha Harish Anjali Suresh Ishita "
        "Pranav Deepa Manoj Riya Gaurav Swati"
    ),
    "AU": _names(
        "Jack Charlotte Lachlan Matilda Cooper Harper Riley Mia Hamish Isla Angus Zara "
        "Mitchell Chloe Kieran Jessica Liam Sienna Declan Tahlia Bao Georgia Nikos Amber"
    ),
}

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "US": _names(
        "Carter Gonzalez Johnson Chen Miller Nguyen Rodriguez Williams Patel Thompson Kim "
        "Brooks Hernandez Sullivan Washington Park Ramirez Foster Kowalski Bennett Okafor "
        "Rivera Schmidt Hayes Delgado Murphy Lee Jackson Romero Fischer Coleman Tran Alvarez "
        "Novak Price Dubois"
    ),
    "GB": _names(
        "Smith Jones Taylor Brown Wilson Evans Thomas Roberts Hughes Mensah Campbell "
        "MacDonald Fraser O'Brien Ahmed Clarke Patel Wright Walker Kowalczyk Robertson Khan "
        "Morgan Davies Stewart Green Bell Okonkwo Price Shaw"
    ),
    "IN": _names(
        "Sharma Iyer Patel Reddy Nair Gupta Mehta Deshpande Kulkarni Banerjee Singh Rao Joshi "
        "Menon Chatterjee Kapoor Pillai Agarwal Desai Krishnan Bhat Verma Shetty Naidu"
    ),
    "AU": _names(
        "Smith Nguyen Wilson Taylor Kelly Murphy Papadopoulos Tran Campbell Anderson O'Connor "
        "Walsh Singh Mitchell Ferguson Ryan Russo Harris Li Thompson Fitzgerald Costa"
    ),
}

DECISION_MAKER, INFLUENCER, GATHERER = "decision-maker", "influencer", "information-gatherer"

TITLES: dict[str, tuple[str, ...]] = {
    DECISION_MAKER: (
        "VP Operations",
        "Head of IT",
        "CFO",
        "Founder",
        "CEO",
        "COO",
        "VP Sales",
        "Director of Operations",
        "Managing Director",
        "Head of Customer Success",
    ),
    INFLUENCER: (
        "Operations Manager",
        "IT Manager",
        "Sales Operations Manager",
        "Procurement Manager",
        "Project Manager",
        "Senior Systems Engineer",
        "Contact Centre Manager",
    ),
    GATHERER: (
        "Analyst",
        "Business Analyst",
        "Coordinator",
        "Marketing Coordinator",
        "Intern",
        "Executive Assistant",
        "Research Associate",
    ),
}

# Who fills in which kind of form: pricing requests skew senior, downloads skew junior.
AUTHORITY_WEIGHTS = {
    "need": {DECISION_MAKER: 45, INFLUENCER: 40, GATHERER: 15},
    "interest": {DECISION_MAKER: 20, INFLUENCER: 40, GATHERER: 40},
}


def draw_name(rng: random.Random, country: str) -> tuple[str, str]:
    """A first and last name typical of `country`."""
    return rng.choice(FIRST_NAMES[country]), rng.choice(LAST_NAMES[country])


def draw_title(rng: random.Random, intent: str) -> tuple[str, str]:
    """A job title and its buying authority, weighted by the lead's intent."""
    weights = AUTHORITY_WEIGHTS[intent]
    authority = rng.choices(list(weights), weights=list(weights.values()))[0]
    return rng.choice(TITLES[authority]), authority


def email_for(first_name: str, last_name: str, domain: str, taken: set[str]) -> str:
    """A work address at `domain` not already in `taken`; records it there."""
    first, last = _mailbox_part(first_name), _mailbox_part(last_name)
    # Real companies fall back to initials, then numbers, when a name is already in use.
    candidates = [f"{first}.{last}", f"{first[0]}{last}", f"{first}{last[0]}"]
    candidates += [f"{first}.{last}{n}" for n in range(2, 1000)]
    for local in candidates:
        address = f"{local}@{domain}"
        if address not in taken:
            taken.add(address)
            return address
    raise ValueError(f"no free address left for {first_name} {last_name} at {domain}")


def _mailbox_part(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())
