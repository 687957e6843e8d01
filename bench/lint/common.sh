# common.sh is sourced by run.sh and paired.sh, from the repository root.

# src maps each corpus to its sources in the module cache, at the versions
# the root module requires, so the corpus is what the analyzers are written
# against.
go mod download github.com/redis/go-redis/v9 github.com/go-redis/redis/v8
modcache=$(go env GOMODCACHE)
# asynq: a job queue whose packages reach go-redis through a helper package
# (internal/rdb); pinned, from the module proxy.
asynq=github.com/hibiken/asynq@v0.26.0
(cd "$(mktemp -d)" && GOFLAGS=-mod=mod go mod download "$asynq")
declare -A src=(
	[asynq]=$modcache/$asynq
	[v9]=$modcache/github.com/redis/go-redis/v9@$(go list -m -f '{{.Version}}' github.com/redis/go-redis/v9)
	[v8]=$modcache/github.com/go-redis/redis/v8@$(go list -m -f '{{.Version}}' github.com/go-redis/redis/v8)
)

# median prints the median of the numbers on its input, one per line.
median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
