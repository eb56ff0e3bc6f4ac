"""`spark-submit …/civcas/batch/__main__.py --input … --output …`: `civcas batch` as the file
spark-submit runs (the cluster's master and resources come from spark-submit's options)."""
import sys

from civcas.cli import main

main(["batch", *sys.argv[1:]])
