"""Subcommands of the `hjemmekontor` console command (see hjemmekontor.cli)."""
