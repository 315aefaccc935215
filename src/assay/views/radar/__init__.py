"""What radar replies show: the table, technique cards, votes and history."""
