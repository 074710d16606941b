"""mealplan: meal plans that meet your magnesium RDA, from real USDA nutrient data."""

__version__ = "0.1.0"
