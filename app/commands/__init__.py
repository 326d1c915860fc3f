"""The command line's subcommands, one module per area. Each module has ``register(sub, common)``.

To add commands, write a module here and add its name to ``MODULES``.
"""

MODULES = ["documents", "tagging", "memo", "compare", "gui"]
