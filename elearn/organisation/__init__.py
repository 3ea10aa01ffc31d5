"""The organisation's own names and contact routes (the `{{ org.* }}` course variables), which
admins revise on a settings page; environment variables give the defaults."""
