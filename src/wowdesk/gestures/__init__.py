"""Wow gestures: what any rep may grant a customer, without approval, fully recorded."""
