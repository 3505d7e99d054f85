#include "core/entry_check.hpp"
