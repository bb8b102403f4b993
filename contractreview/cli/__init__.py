"""The command-line interface: one module per subcommand, and ``terminal`` for what they
print (control characters escaped)."""
