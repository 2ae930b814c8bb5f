"""(placeholder, being written)"""


def init_app(app) -> None:
    pass
