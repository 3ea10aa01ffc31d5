"""The outbox: every e-mail elearn sends is first a row here, written in the same transaction
as whatever made it due, then delivered by `deliver` over one SMTP connection per batch.

Pages and cron jobs queue with `send_to`; the cron jobs, `flask mail send` and (for mail a page
queued) a hook that runs after the response deliver. A refused recipient is kept on its row
for HR to see; a mail server that is down leaves the rows for the next run."""
