"""Views: pure functions from a Plan or ShoppingList to text."""
