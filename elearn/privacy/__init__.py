"""Personal data: what elearn holds about a person, the register extract (GDPR art. 15), and
disposal by the retention decision. A reader of every capability's tables, beside reports."""
