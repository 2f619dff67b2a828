"""Real-browser tests: a streamlit server and Debian's chromium driven by Playwright."""
