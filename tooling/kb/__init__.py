"""kb: a team knowledge base and gotcha journal tied to the code it is about."""

__version__ = "0.1.0"
