"""Loading, describing and checking the PM's table."""
