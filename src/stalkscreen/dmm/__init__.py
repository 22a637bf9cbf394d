"""The daily management meeting (DMM) list (recommendation 12.4): what the meeting must consider
each day, each line saying why it is there and how to open the case; recorded in dmm_lists.
`produce.run` makes and records a day's list; `agenda` prints it; `case` opens one case."""
