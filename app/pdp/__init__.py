"""Personal data under UU 27/2022 (PDP): the read log, data subjects' requests, breaches."""
