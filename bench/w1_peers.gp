# The chart of bench/peers.sh: W1 messages per second of each peer, median with the range of
# the runs. gnuplot -e "dat='w1_peers.dat'; png='w1_peers.png'; runs=5; n='1,000,000'" w1_peers.gp
set terminal pngcairo size 900,480 font "sans,11"
set output png
set title sprintf("W1 filter-project on %s messages: messages per second, median and range of %d runs\n(iotsql bench replays the messages in-process; the others are whole processes reading a file)", n, runs)
set style fill solid 0.8 border -1
set boxwidth 0.6
set grid ytics
stats dat using 4 nooutput
set yrange [0:STATS_max * 1.15]
set format y "%.1s%c"
set ylabel "messages / s"
set xtics nomirror
unset key
plot dat using 0:2:xtic(1) with boxes lc rgb "#3a7ab8", \
     ''  using 0:2:3:4 with yerrorbars lc rgb "black" pt -1, \
     ''  using 0:2:(sprintf("%.2fM", $2/1e6)) with labels offset 3.5,0.8
