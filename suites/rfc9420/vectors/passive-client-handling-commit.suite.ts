// passive-client-handling-commit.json: one scenario per case (see passive-client.ts).
import { passiveClientScenarios } from "./passive-client.ts"

passiveClientScenarios("handling-commit")
