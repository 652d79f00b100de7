from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on(settings):
    """The command runs in development only; pytest-django turns DEBUG off by default."""
    settings.DEBUG = True


def run_createdemouser(*args):
    """Run the command and return its output and the password it printed."""
    out = StringIO()
    call_command("createdemouser", *args, stdout=out)
    output = out.getvalue()
    return output, output.rsplit("password: ", 1)[1].strip()


@pytest.mark.usefixtures("debug_on")
def test_it_creates_a_superuser_demo_with_the_password_it_prints(django_user_model):
    output, password = run_createdemouser()

    user = django_user_model.objects.get(username="demo")
    assert user.is_superuser
    assert user.is_staff
    assert user.check_password(password)
    assert output.startswith('Created superuser "demo".')
    assert "/accounts/login/" in output
    assert len(output.strip().splitlines()) == 1


@pytest.mark.usefixtures("debug_on")
def test_it_says_the_user_exists_and_resets_its_password_on_a_later_run(django_user_model):
    _, first_password = run_createdemouser()

    output, second_password = run_createdemouser()

    user = django_user_model.objects.get(username="demo")
    assert output.startswith('User "demo" exists: its password is reset.')
    assert second_password != first_password
    assert user.check_password(second_password)
    assert not user.check_password(first_password)
    assert django_user_model.objects.count() == 1


@pytest.mark.usefixtures("debug_on")
def test_it_makes_an_existing_plain_user_a_superuser_again(django_user_model):
    django_user_model.objects.create_user(username="demo", is_active=False)

    _, password = run_createdemouser()

    user = django_user_model.objects.get(username="demo")
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, True, True)
    assert user.check_password(password)


@pytest.mark.usefixtures("debug_on")
def test_it_takes_another_username(django_user_model):
    _, password = run_createdemouser("--username", "trainer")

    assert django_user_model.objects.get(username="trainer").check_password(password)
    assert not django_user_model.objects.filter(username="demo").exists()


@pytest.mark.usefixtures("debug_on")
def test_the_password_is_random_and_never_a_fixed_one():
    _, demo_password = run_createdemouser()
    _, other_password = run_createdemouser("--username", "other")

    assert demo_password != other_password
    assert len(demo_password) >= 16


def test_it_refuses_to_run_with_debug_off(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("createdemouser", stdout=StringIO())

    assert not django_user_model.objects.exists()
