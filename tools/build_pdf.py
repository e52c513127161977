"""`make pdf`: print the PDF edition. The builder is :mod:`companion_book.pdf` in the book package.

``--check`` says in one line what is missing to print (Chromium, Playwright, pypdf, the built book);
``--edition student`` prints the student edition; ``--force`` prints even when the PDFs are up to date.
"""

import sys

from companion_book.pdf import main

if __name__ == "__main__":
    sys.exit(main())
