# ch04_similarities.gp - cosine similarities among twenty words: dark
# where two words point the same way.
# 'with image pixels' draws each cell as a rectangle: a browser would blur
# a small grid drawn as one picture when it scales the SVG.
eval figure(5.6, 5.0)
unset grid
set datafile nocolumnheaders  # the header is the words: read as a matrix
set palette defined (-0.2 '#ffffff', 0.2 '#c6dbef', 0.6 '#4292c6', 1 '#08306b')
set cbrange [-0.2:1]
set cblabel 'cosine similarity'
set xtics rotate by 60 right scale 0
set ytics scale 0
set size ratio -1
set border 0
set yrange [*:*] reverse
plot file('similarities.tsv') matrix rowheaders columnheaders with image pixels notitle
