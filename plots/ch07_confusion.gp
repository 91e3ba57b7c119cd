# ch07_confusion.gp - the confusion matrix of the best model with 10
# labels per class: each row a true class, the share of its test images
# taken for each class (the diagonal is right).
eval figure(4.6, 4.0)
set size ratio -1
set lmargin 9
set bmargin 6
unset grid
set border 0
set tics scale 0
set palette defined (0 '#ffffff', 0.25 '#9ecae1', 1 '#08306b')
set cbrange [0:100]
unset colorbox
set xrange [-0.5:9.5]
set yrange [9.5:-0.5]
names = "T-shirt Trouser Pullover Dress Coat Sandal Shirt Sneaker Bag Boot"
set xtics rotate by 45 right
set xtics (word(names, 1) 0, word(names, 2) 1, word(names, 3) 2, word(names, 4) 3, word(names, 5) 4, \
           word(names, 6) 5, word(names, 7) 6, word(names, 8) 7, word(names, 9) 8, word(names, 10) 9)
set ytics (word(names, 1) 0, word(names, 2) 1, word(names, 3) 2, word(names, 4) 3, word(names, 5) 4, \
           word(names, 6) 5, word(names, 7) 6, word(names, 8) 7, word(names, 9) 8, word(names, 10) 9)
set xlabel 'predicted class'
set ylabel 'true class'
plot file('confusion.tsv') using 2:1:(100 * $4) with image, \
     '' using 2:1:(int(100 * $4 + 0.5) >= 1 ? sprintf('%.0f', 100 * $4) : ''):(100 * $4 > 55 ? 0xffffff : 0x202020) \
        with labels tc rgb variable font ',8'
