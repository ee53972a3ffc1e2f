"""Entities in sentences: places (gazetteer), organisations, people, projects, money, dates, counts."""
