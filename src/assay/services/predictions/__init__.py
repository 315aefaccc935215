"""Predictions: the team writes down what it expects, with a probability, and checks later."""
