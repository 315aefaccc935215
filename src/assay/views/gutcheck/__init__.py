"""What gut-check replies show: cards, numbers, updates and lists."""
