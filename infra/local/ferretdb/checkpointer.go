package main

import (
	"context"
	"database/sql"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // FerretDB's own SQLite driver, registered as "sqlite"
)

// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, and with
// FerretDB's steady stream of short transactions every commit past it paid for a checkpoint
// (profiled: ~30% of an update's CPU, merge-sorting the WAL index). The wrapper turns it off
// (wal_autocheckpoint(0)) and checkpoints each database from here instead, a few times a second,
// never waiting for readers or blocking writers (busy_timeout 0). A log can only start over at a
// moment no reader is on it, and under a steady load a passive checkpoint missed those moments (a
// 1 M-item seeding left a 3 GB log, and every read searches the log's index); past walLimit the
// checkpoint is TRUNCATE, which starts the log over at the first such moment it finds.
//
// walLimit is the log size from which each checkpoint also tries to start the log over.
const walLimit = 64 << 20

func checkpointPeriodically(ctx context.Context, dataDir string, every time.Duration) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		files, err := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		if err != nil {
			log.Printf("checkpoint: %v", err)
			continue
		}
		for _, file := range files {
			mode := "PASSIVE"
			if info, err := os.Stat(file + "-wal"); err == nil && info.Size() > walLimit {
				mode = "TRUNCATE"
			}
			checkpoint(ctx, file, mode)
		}
	}
}

// checkpoint opens the database for one checkpoint only: a handle kept open would outlive a
// dropped database (and miss the file of a new one by the same name).
func checkpoint(ctx context.Context, file, mode string) {
	// mode=rw: never create a database FerretDB has just dropped.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(0)")
	if err != nil {
		return
	}
	defer db.Close()
	// Read the result row to the end: an Exec of this pragma left its statement open, and
	// that reader kept every writer from starting the WAL over (it grew to gigabytes).
	var busy, frames, copied int
	_ = db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &frames, &copied)
}
