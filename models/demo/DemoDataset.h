#pragma once
// DemoDataset: a dozen realistic incidents across every state and severity, written through the real
// service (so every rule holds), for a newcomer's first look at the console.

#include "models/incidents/IncidentService.h"

namespace watchpost {

class DemoDataset
{
public:
    // Fills an empty store; refuses a store that already holds incidents.
    // The incidents are dated back from `clock`'s now.
    static Result<int> populate(std::shared_ptr<Store> store, const Clock& clock, ChangeNotifier* notifier = nullptr);
};

} // namespace watchpost
