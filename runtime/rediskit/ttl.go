package rediskit

import "time"

// Expiry times by kind of data. Every key gets one: a key without a TTL
// lives until Redis runs out of memory. Pass them to Set, SetEx, Expire and
// the batch helpers, so that the same kind of data expires alike everywhere.
const (
	// TTLUserData is for user records: profiles, settings, API keys. 30 days.
	TTLUserData = 30 * 24 * time.Hour
	// TTLUserSession is for login sessions. 1 day.
	TTLUserSession = 24 * time.Hour
	// TTLUserSettings is for user preferences. 7 days.
	TTLUserSettings = 7 * 24 * time.Hour

	// TTLPriceData is for market prices. 1 hour.
	TTLPriceData = time.Hour
	// TTLOrderData is for order history. 7 days.
	TTLOrderData = 7 * 24 * time.Hour
	// TTLPositionData is for position tracking. 30 days.
	TTLPositionData = 30 * 24 * time.Hour

	// TTLCacheShort is for cached values that change often. 5 minutes.
	TTLCacheShort = 5 * time.Minute
	// TTLCacheMedium is for cached values that change now and then. 30 minutes.
	TTLCacheMedium = 30 * time.Minute
	// TTLCacheLong is for cached values that rarely change. 2 hours.
	TTLCacheLong = 2 * time.Hour

	// TTLTempData is for short-lived working state. 15 minutes.
	TTLTempData = 15 * time.Minute
	// TTLLockData is for distributed locks, so that a lock whose holder died
	// frees itself. 1 minute.
	TTLLockData = time.Minute
)
