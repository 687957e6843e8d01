package main

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// progressEvery is how often the progress line is redrawn.
const progressEvery = 250 * time.Millisecond

// startProgress redraws a one-line status on w until the returned function
// is called, which erases it. total is the number of keys the walk should
// see (0 when unknown, as with -match, which DBSIZE cannot predict).
func startProgress(w io.Writer, examined *atomic.Int64, total int64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		drawn := false
		for {
			select {
			case <-done:
				if drawn {
					fmt.Fprint(w, "\r\x1b[K")
				}
				return
			case now := <-tick.C:
				fmt.Fprint(w, "\r\x1b[K"+progressLine(examined.Load(), total, now.Sub(start)))
				drawn = true
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// progressLine is the status after elapsed: keys examined, rate, and, when
// the total is known, the share done and the time left.
func progressLine(n, total int64, elapsed time.Duration) string {
	rate := 0.0
	if elapsed > 0 {
		rate = float64(n) / elapsed.Seconds()
	}
	s := fmt.Sprintf("redisaudit: %s keys examined, %s keys/s", thousands(n), thousands(int64(rate)))
	if total > 0 {
		s += fmt.Sprintf(", %d%% of %s", min(100, n*100/total), thousands(total))
		if rate > 0 && n < total {
			left := time.Duration(float64(total-n) / rate * float64(time.Second))
			s += ", ETA " + left.Round(time.Second).String()
		}
	}
	return s
}
