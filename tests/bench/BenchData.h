#pragma once
// The benchmarks' dataset: 100k incidents and 1M timeline entries, one incident carrying 100k of them.

#include "models/store/Store.h"

#include <memory>

namespace watchpost::bench {

constexpr int kIncidents = 100'000;
constexpr int kEntries = 1'000'000;
constexpr int kLargest = 100'000; // entries on the largest incident

// Fills the store with raw prepared inserts in one transaction (the benchmark's own data, not product code), unless
// it already holds them.
void populate(const std::shared_ptr<Store>& store);

} // namespace watchpost::bench
