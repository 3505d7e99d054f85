#include "core/access_times.hpp"
