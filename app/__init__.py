"""Unbrace: breathwork and somatic exercises for a tense back."""

__version__ = "0.1.0"
