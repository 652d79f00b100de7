import datetime

import pytest

from priorities.periods import financial_year_of, parse_period_code, period_code, quarter_bounds


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, datetime.date(2017, 4, 1), datetime.date(2017, 6, 30)),
        (2, datetime.date(2017, 7, 1), datetime.date(2017, 9, 30)),
        (3, datetime.date(2017, 10, 1), datetime.date(2017, 12, 31)),
        (4, datetime.date(2018, 1, 1), datetime.date(2018, 3, 31)),
    ],
)
def test_quarters_follow_the_uk_financial_year(quarter, start, end):
    assert quarter_bounds(2017, quarter) == (start, end)


def test_the_last_quarter_of_a_leap_year_ends_on_31_march():
    assert quarter_bounds(2019, 4) == (datetime.date(2020, 1, 1), datetime.date(2020, 3, 31))


def test_a_quarter_is_coded_by_both_years():
    assert period_code(2017, 2) == "2017-18-Q2"
    assert period_code(1999, 4) == "1999-00-Q4"


def test_a_code_reads_back_as_year_and_quarter():
    assert parse_period_code("2017-18-Q2") == (2017, 2)


@pytest.mark.parametrize("code", ["2017-19-Q2", "2017-18-Q5", "2017/18 Q2", "", "2017-18-q2"])
def test_it_refuses_a_code_that_names_no_quarter(code):
    with pytest.raises(ValueError, match="2017-18-Q2"):
        parse_period_code(code)


def test_january_to_march_belong_to_the_previous_financial_year():
    assert financial_year_of(datetime.date(2018, 3, 31)) == 2017
    assert financial_year_of(datetime.date(2018, 4, 1)) == 2018
