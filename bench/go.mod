module github.com/redislint/redislint/bench

go 1.26.0

require golang.org/x/tools v0.52.0

require (
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)

require (
	github.com/redislint/redislint v0.0.0
	golang.org/x/image v0.48.0
)

replace github.com/redislint/redislint => ../
