from console.domain.caller_ids import Line, local_line, looks_labelled

NEW_YORK = Line("+12125550100", 1, "212")
SAN_FRANCISCO = Line("+14155550100", 1, "415")
LONDON = Line("+442071230000", 44, "20")
POOL = [NEW_YORK, SAN_FRANCISCO, LONDON]


def test_a_lead_sees_the_number_from_their_own_area_code():
    assert local_line(POOL, Line("+14155550123", 1, "415")) == SAN_FRANCISCO.number


def test_without_one_from_their_area_they_see_one_from_their_country():
    assert local_line(POOL, Line("+13125550123", 1, "312")) == NEW_YORK.number
    assert local_line(POOL, Line("+441612345678", 44, "161")) == LONDON.number


def test_without_one_from_their_country_the_account_number_is_used():
    assert local_line(POOL, Line("+61291234567", 61, "2")) is None
    assert local_line([], Line("+14155550123", 1, "415")) is None


def test_a_number_answered_far_less_than_the_others_looks_labelled_spam():
    assert looks_labelled(40, 2, 400, 120)  # 5% against 30%
    assert not looks_labelled(40, 10, 400, 120)  # 25% against 30%
    assert not looks_labelled(10, 0, 400, 120)  # too few dials to tell
