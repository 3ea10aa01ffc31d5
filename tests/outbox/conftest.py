from tests.people.test_mail import smtp  # noqa: F401  a real SMTP server for the lesson e-mails
