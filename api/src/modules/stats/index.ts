export { StatsService } from './stats.service';
