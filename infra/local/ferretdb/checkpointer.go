package main

import (
	"context"
	"database/sql"
	"log"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // FerretDB's own SQLite driver, registered as "sqlite"
)

// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, and with
// FerretDB's steady stream of short transactions every commit past it paid for a checkpoint
// (profiled: ~30% of an update's CPU, merge-sorting the WAL index). The wrapper turns it off
// (wal_autocheckpoint(0)) and checkpoints each database from here instead, a few times a second,
// in PASSIVE mode: it never waits for readers or blocks writers.
func checkpointPeriodically(ctx context.Context, dataDir string, every time.Duration) {
	open := map[string]*sql.DB{}
	defer func() {
		for _, db := range open {
			db.Close()
		}
	}()
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
			db, ok := open[file]
			if !ok {
				// mode=rw: never create a database FerretDB has just dropped.
				if db, err = sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(1000)"); err != nil {
					log.Printf("checkpoint %s: %v", file, err)
					continue
				}
				db.SetMaxOpenConns(1)
				open[file] = db
			}
			if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil && ctx.Err() == nil {
				// The database was dropped (or is busy): forget the handle, retry on the next tick.
				db.Close()
				delete(open, file)
			}
		}
	}
}
