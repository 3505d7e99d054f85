#include "core/directory.hpp"
