"""Helpers shared by every app, below all of them (it imports no app): private file storage, French
date wording, search keys, the domain errors' base class."""
