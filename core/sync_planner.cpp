#include "core/sync_planner.hpp"
