"""Messages to residents (notifikasi): when something happens to their file, a short
message in Indonesian with a link to the status page and no personal data beyond the
first name. A transition's declared effect (`outbox.kabar`) queues it in the outbox in
the transition's own transaction; the background worker sends it (`outbox.kirim`)."""
