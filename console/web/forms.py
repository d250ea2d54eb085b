"""Forms with CSRF protection (Flask-WTF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, PasswordField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from console.domain.addresses import EMAIL
from console.passwords import MAX_LENGTH


def _no_longer_than_a_password_can_be(_form: FlaskForm, field: Field) -> None:
    """The same ceiling as choosing a password, checked here rather than with Length, whose
    maxlength attribute would make the browser cut a pasted password short without a word."""
    if len(field.data or "") > MAX_LENGTH:
        raise ValidationError(f"Passwords are at most {MAX_LENGTH} characters: check this one.")


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        "Email",
        validators=[
            DataRequired(),
            Regexp(EMAIL, message="Enter an email address."),
            Length(max=254),
        ],
    )
    password = PasswordField(
        "Password", validators=[InputRequired(), _no_longer_than_a_password_can_be]
    )
    remember = BooleanField("Keep me signed in on this device")
