#include "core/code_policy.hpp"
