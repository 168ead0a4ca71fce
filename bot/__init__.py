"""Passerelle: assembly, configuration and command line."""
