// passive-client-random.json: one scenario per case (see passive-client.ts).
import { passiveClientScenarios } from "./passive-client.ts"

passiveClientScenarios("random")
