"""pandas.read_csv of one file, as a whole process (Python start and import
included), for the CSV-parsing comparison: python3 read_csv.py FILE"""
import sys

import pandas as pd

d = pd.read_csv(sys.argv[1])
print(d.shape[0], d.select_dtypes("number").to_numpy().sum())
