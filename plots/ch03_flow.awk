# ch03_flow.awk - one test image of examples.tsv as the masked
# auto-encoder meets it, for plots/ch03_flow.gp.
#
#   awk -F '\t' -v image=I -v ratio=R -v panel=P -f plots/ch03_flow.awk examples.tsv
#
# examples.tsv is a mosaic (x y value, y counting down) of 8 images across
# and, for each of the 3 ratios R = 0, 1, 2, three rows: the original, the
# image with its hidden pixels drawn grey (0.3), and the image painted
# back (the network's guesses in the holes, the rest as it was). A patch
# of 4 x 4 pixels is hidden where all its 16 pixels are grey; a patch
# that really is grey all over is too unlikely to matter, and the
# figure's caption says how many patches were found.
#
# Prints "x y value" for the image's 28 x 28 pixels, y counting down,
# for the panel P:
#   image    the original x
#   mask     m, 1 where hidden, 0 where shown
#   filled   the first half of the network's input: x, 0 in the holes
#   guess    the painted image in the holes, NaN where shown
#   target   x in the holes, NaN where shown
#   hidden   one line: the number of hidden patches
NR == 1 { next }
{
    col = $1 - 28 * image; row = $2 - 28 * 3 * ratio
    if (col < 0 || col >= 28 || row < 0 || row >= 84) next
    value[int(row / 28), col, row % 28] = $3
}
END {
    for (y = 0; y < 28; y++)
        for (x = 0; x < 28; x++) {
            p = int(y / 4) * 7 + int(x / 4)
            if (!(p in grey)) grey[p] = 1
            if (value[1, x, y] != "0.300") grey[p] = 0
        }
    if (panel == "hidden") {
        for (p = 0; p < 49; p++) n += grey[p]
        print n
        exit
    }
    print "x\ty\tvalue"
    for (y = 0; y < 28; y++)
        for (x = 0; x < 28; x++) {
            m = grey[int(y / 4) * 7 + int(x / 4)]
            v = panel == "image" ? value[0, x, y] : \
                panel == "mask" ? m : \
                panel == "filled" ? (m ? 0 : value[0, x, y]) : \
                panel == "guess" ? (m ? value[2, x, y] : "NaN") : \
                (m ? value[0, x, y] : "NaN")
            print x "\t" y "\t" v
        }
}
