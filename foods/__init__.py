"""Food tables that ship with mealplan (see README.md in this folder)."""
